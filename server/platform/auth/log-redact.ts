// Request logs name the route, never the raw URL: query strings carry search words (names, symptoms) and some paths
// carry bearer tokens (/api/record/shared/<token>). A path that matched no route keeps its shape with long
// token-like segments and every query string removed.

const TOKENISH = /^[A-Za-z0-9_~.%-]{20,}$/;

/** The path as it may appear in a log: the route pattern when one matched, else the path with tokens redacted. */
type Req = { method: string; url: string; ip?: string; routeOptions?: { url?: string } };

export function loggableUrl(req: Req): string {
  const pattern = req.routeOptions?.url;
  if (pattern) return pattern;
  const path = req.url.split('?')[0].split('#')[0];
  return path.split('/').map((seg) => (TOKENISH.test(seg) ? ':redacted' : seg)).join('/') + (req.url.includes('?') ? '?…' : '');
}

/** pino serializer for `req`: method, route pattern, client IP (as resolved under the trusted-proxy setting). */
export function serializeRequest(req: Req) {
  return { method: req.method, url: loggableUrl(req), remoteAddress: req.ip };
}
