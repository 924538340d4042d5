// POST /api/research/analysis/csv: the same analysis `portico analyze` runs,
// on a CSV the researcher uploads in the browser (the file is analysed in
// memory and never stored). Column types are decided from the data unless
// the request names them (categorical / continuous), as in the CLI.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../../platform/errors';
import { route } from '../../platform/http/route';
import { AnalysisInputError, analyze, parseCsv, renderCsv } from './analysis/index';

const Columns = z.array(z.string().trim().min(1).max(100)).max(100).optional();
export const CsvAnalysisBody = z.object({
  csv: z.string().min(1).max(5_000_000).describe('The CSV text: a header row, then one row per participant'),
  group: z.string().trim().min(1).max(100).optional(),
  categorical: Columns,
  continuous: Columns,
});

function run(body: z.infer<typeof CsvAnalysisBody>) {
  try {
    return analyze(parseCsv(body.csv), { group: body.group, categorical: body.categorical, continuous: body.continuous });
  } catch (e) {
    if (e instanceof AnalysisInputError) throw badRequest(`${e.option ?? 'csv'}: ${e.message}`, e.option ?? 'csv');
    throw e;
  }
}

export function researchCsvRoutes(app: FastifyInstance, access: ('researcher' | 'admin')[]) {
  route(app, {
    method: 'POST', url: '/api/research/analysis/csv', summary: 'Table 1 and Table 4 from an uploaded study CSV (column types from the data unless named)', tags: ['research'], access,
    body: CsvAnalysisBody,
    response: z.object({ result: z.unknown(), tablesCsv: z.string() }),
    handler: async ({ body }) => {
      const result = run(body);
      return { result, tablesCsv: renderCsv(result) };
    },
  });
}
