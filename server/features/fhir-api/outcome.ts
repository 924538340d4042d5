/** FHIR errors: every failure of /fhir/R4 answers with an OperationOutcome. */

export class FhirError extends Error {
  constructor(readonly status: number, readonly issue: string, message: string, readonly expression?: string) {
    super(message);
  }
}

export function operationOutcome(issue: string, diagnostics: string, expression?: string, severity: 'error' | 'fatal' | 'information' = 'error') {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code: issue, diagnostics, ...(expression ? { expression: [expression] } : {}) }],
  };
}
