// Entry of the certificate worker thread: plain JavaScript that teaches this thread TypeScript
// (tsx, as the server itself runs) and then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./pdf-worker.ts');
