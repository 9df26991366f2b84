/**
 * One measurement of `npm run bench`, in a process of its own so its peak memory is its own:
 * 100,000 people of the synthetic database written as an XLSX people list, streamed to a file.
 *
 *   tsx scripts/bench-xlsx.ts <database> <rows>     prints {"ms":…,"peakRssMb":…,"rows":…,"bytes":…}
 */
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Cell, writeReportXlsx } from '../src/lib/server/reports/export-files';

const [file, rowsText] = process.argv.slice(2);
const rows = Number(rowsText);
const db = new Database(file!, { readonly: true });
const page = db.prepare(
	`SELECT p.id, p.full_name AS name, p.username, coalesce(a.name, c.name) AS unit, p.staff_group AS grp, p.birth_year AS born,
	        (SELECT count(*) FROM completions k WHERE k.person_id = p.id) AS done, (SELECT max(completed_at) FROM completions k WHERE k.person_id = p.id) AS last
	 FROM people p LEFT JOIN communes c ON c.id = p.commune_id LEFT JOIN agencies a ON a.id = p.agency_id
	 WHERE p.id > ? ORDER BY p.id LIMIT 2000`
);

/** Pages through with fresh queries: the writer yields between batches (see export-files.ts). */
function* people(): Generator<Cell[]> {
	let after = 0;
	let left = rows;
	while (left > 0) {
		const batch = page.all(after) as { id: number; name: string; username: string; unit: string; grp: string | null; born: number; done: number; last: number | null }[];
		if (batch.length === 0) return;
		for (const row of batch.slice(0, left)) yield [row.name, row.username, row.unit, row.grp ?? '', row.born, row.done, row.last === null ? null : new Date(row.last)];
		left -= batch.length;
		after = batch.at(-1)!.id;
	}
}

const out = path.join(mkdtempSync(path.join(tmpdir(), 'hocvuso-bench-')), 'people.xlsx');
const started = performance.now();
await writeReportXlsx(createWriteStream(out), { title: 'Danh sách (đo hiệu năng)', lines: ['Tỉnh tổng hợp'] }, [
	{
		name: 'Người học',
		columns: [
			{ header: 'Họ và tên', width: 30 },
			{ header: 'Tên đăng nhập', width: 16 },
			{ header: 'Đơn vị', width: 36 },
			{ header: 'Nhóm', width: 12 },
			{ header: 'Năm sinh', width: 10, kind: 'number' },
			{ header: 'Khóa đã xong', width: 12, kind: 'number' },
			{ header: 'Lần gần nhất', width: 14, kind: 'date' }
		],
		rows: people()
	}
]);
const ms = Math.round(performance.now() - started);
console.log(JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), rows, bytes: statSync(out).size }));
