// The API's Temporal client: a lazy connection, so the API starts (and answers 503) while Temporal is
// down, and comes back on its own when Temporal returns. gRPC reconnects with a short backoff; a call
// is retried a few times only, so a request fails fast with 503 instead of hanging. Every payload it
// sends is encrypted, and every one it reads decrypted, with the case data converter.
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import { caseDataConverter } from './dataConverter';
import type { PayloadOwners } from '../codec/encryptionCodec';
import type { PayloadKeySet } from '../codec/keys';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  payloadKeys: PayloadKeySet;
  /** Who each workflow's payloads belong to (databasePayloadOwners): each payload names its case and municipality. */
  payloadOwners?: PayloadOwners;
  /** TLS, API key or metadata for a Temporal cluster or Temporal Cloud. */
  connection?: Omit<ConnectionOptions, 'address'>;
  /** A token this process makes and renews (TEMPORAL_TOKEN_PERMISSIONS): read afresh for every call. */
  tokens?: { current(): string };
}

export function createTemporalClient(opts: TemporalClientOptions): Client {
  const connection = Connection.lazy({
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3 }))],
    ...opts.connection,
    ...(opts.tokens ? { apiKey: () => opts.tokens!.current() } : {}),
    address: opts.address,
    channelArgs: {
      // Never wait minutes before trying a server that was down again.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.min_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2_000,
      ...opts.connection?.channelArgs,
    },
  });
  return new Client({ connection, namespace: opts.namespace, dataConverter: caseDataConverter(opts.payloadKeys, { owners: opts.payloadOwners }) });
}
