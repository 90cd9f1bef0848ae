// One Lambda execution environment: loads the function's bundle once (its cold start) and runs one
// invocation at a time, as Lambda does; the runtime (runtime.ts) owns timing, payload limits and faults.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const loading = import(pathToFileURL(workerData.bundle).href);

/** Lambda's error record for a thrown value: the error's name as errorType, no stack (that stays in the logs). */
const errorRecord = (error) => {
  const failure = error instanceof Error ? error : new Error(String(error));
  return { errorType: failure.name, errorMessage: failure.message, trace: [] };
};

parentPort.on('message', async ({ id, event, context }) => {
  const deadline = context.deadline;
  const lambdaContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  let handler;
  try {
    ({ handler } = await loading);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: errorRecord(error), init: true });
    return;
  }
  try {
    const payload = await handler(event, lambdaContext);
    parentPort.postMessage({ id, ok: true, payload: JSON.stringify(payload === undefined ? null : payload) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: errorRecord(error) });
  }
});
