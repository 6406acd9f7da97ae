// A parse worker that ends without saying it is done.
import { parentPort } from 'node:worker_threads';

parentPort.close();
