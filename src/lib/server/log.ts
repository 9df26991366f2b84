/**
 * Structured logs: one JSON line per event on standard output (journald or any collector keeps
 * them), each request's line carrying the request id the response echoes in `x-request-id`, so a
 * user's "it failed" and the audit log's request id lead to the same line. LOG_LEVEL sets the
 * threshold (info by default; debug adds health checks).
 */
import pino from 'pino';

export const log = pino({
	level: process.env.LOG_LEVEL || 'info',
	base: { service: 'hocvuso' },
	timestamp: pino.stdTimeFunctions.isoTime
});
