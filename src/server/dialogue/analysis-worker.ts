import { parentPort } from 'node:worker_threads';
import { dropAnalysis, runAnalysis, type AnalysisRequest } from './live-analysis.ts';

export type WorkerMessage = { id: number; type: 'analyse'; request: AnalysisRequest } | { id: number; type: 'drop'; key: string };
export type WorkerReply = { id: number; ok: true; result: ReturnType<typeof runAnalysis> | null } | { id: number; ok: false; message: string };

parentPort?.on('message', (message: WorkerMessage) => {
  try {
    if (message.type === 'drop') {
      dropAnalysis(message.key);
      parentPort!.postMessage({ id: message.id, ok: true, result: null } satisfies WorkerReply);
      return;
    }
    const result = runAnalysis(message.request);
    parentPort!.postMessage({ id: message.id, ok: true, result } satisfies WorkerReply);
  } catch (error) {
    parentPort!.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});
