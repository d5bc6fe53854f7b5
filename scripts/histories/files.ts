// Where the stored histories live: test/histories/<workflowType>/<path>.json.
import path from 'node:path';

export const HISTORIES_DIR = path.resolve(__dirname, '../../test/histories');
