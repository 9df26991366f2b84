import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** Every instant is stored as UTC milliseconds; pages show it in Asia/Ho_Chi_Minh. */
export const utcMs = (name: string) => integer(name, { mode: 'timestamp_ms' });

const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const createdAt = () => utcMs('created_at').notNull().default(nowMs);
export const updatedAt = () => utcMs('updated_at').notNull().default(nowMs);

/** SQL list for CHECK (x IN (...)) built from the same tuple the column's enum uses. */
export const inList = (values: readonly string[]) =>
	sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
