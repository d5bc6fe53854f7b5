// `npm run signing-key -- <file>`: makes the embedded issuer's signing key for AUTH_SIGNING_KEY_FILE,
// once, for every instance of a deployment to share (copy it to each, or put it on a shared secret
// store). An existing file is never replaced: every token signed with it would turn 401.
import path from 'node:path';
import { writeNewSigningKey } from '../api/auth/localIssuer';

async function main(): Promise<void> {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.length > 0) throw new Error('usage: npm run signing-key -- <file>  (then AUTH_SIGNING_KEY_FILE=<file> for every instance)');
  const target = path.resolve(file);
  try {
    const key = await writeNewSigningKey(target);
    console.log(`Made ${target} (key id ${key.kid}); set AUTH_SIGNING_KEY_FILE=${target} for every instance.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${target} exists already; it is kept (a new key would make every token signed with it 401)`);
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`Cannot make a signing key: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
