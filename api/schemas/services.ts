// `GET /api/services`: the service catalogue.
import { z } from 'zod';
import { APPEAL_BODIES } from '../../domain/case/caseTypes';

export const serviceSchema = z
  .object({
    code: z.string().meta({ description: 'What `services` in an application names.' }),
    name: z.string().meta({ description: 'Norwegian name, as letters write it.' }),
    legalBasis: z.string(),
    statutory: z.boolean().meta({ description: 'A right under the health and care acts (lovfestet).' }),
    appealBody: z.enum(APPEAL_BODIES).meta({ description: 'Who hears an appeal: Statsforvalteren or the municipal appeals board.' }),
  })
  .meta({ id: 'Service' });

export const serviceListSchema = z.object({ items: z.array(serviceSchema) }).meta({ id: 'ServiceList' });
