/** Ends a command-line program with one sentence saying why, on stderr, and exit status 1. */
export function stop(sentence: string): never {
	console.error(sentence);
	process.exit(1);
}
