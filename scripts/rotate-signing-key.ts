/**
 * Gives the province a new signing key for digital credentials:
 *
 *   npm run rotate-signing-key
 *
 * The key file (SIGNING_KEY_FILE, default data/signing-keys.json) gets a new current key; the old
 * one is retired and keeps only its public part, which stays in /.well-known/jwks.json so
 * credentials it signed still verify. Restart the server afterwards: it signs with the key it
 * loaded at start. Exit status: 0 rotated, 1 the key file is missing or broken, 2 usage.
 */
import { existsSync } from 'node:fs';
import { rotateSigningKey, signingKeyFile } from '../src/lib/server/certificates/keys';

if (process.argv.length > 2) {
	console.error('Usage: npm run rotate-signing-key   (the key file is SIGNING_KEY_FILE, default data/signing-keys.json)');
	process.exit(2);
}
const file = signingKeyFile();
// Rotating must never quietly start a new key file somewhere else (another folder, a typo in SIGNING_KEY_FILE).
if (!existsSync(file)) {
	console.error(`There is no signing key file at ${file}: the server creates it at its first start, or set SIGNING_KEY_FILE.`);
	process.exit(1);
}
try {
	const { kid, retired } = rotateSigningKey(file);
	console.log(`New signing key ${kid} in ${file}; ${retired} is retired and still verifies what it signed.`);
	console.log('Restart the server so that it signs with the new key, and back up the key file again.');
} catch (cause) {
	console.error(`The signing key could not be rotated: ${cause instanceof Error ? cause.message : String(cause)}`);
	process.exit(1);
}
