/** An error a client can act on: it becomes `{error:{code,message}}` with this HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, 'bad_request', message, field);
export const unauthorized = (message = 'Please sign in.', code = 'unauthorized') => new HttpError(401, code, message);
export const forbidden = (message = 'You do not have permission to do this.') => new HttpError(403, 'forbidden', message);
// "Not found" and "not yours" must look the same, so nobody learns that someone else's record exists.
export const notFound = (what = 'This item') => new HttpError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, code = 'conflict') => new HttpError(409, code, message);
export const tooMany = (message: string) => new HttpError(429, 'rate_limited', message);
