// `GET /api/health`: whether the API can reach Temporal and the database.
import { z } from 'zod';

const part = z.enum(['ok', 'unavailable']);

export const healthSchema = z
  .object({ status: part, temporal: part, database: part })
  .meta({ id: 'Health', description: 'status is ok when both parts answer; otherwise the failing part is named.' });
