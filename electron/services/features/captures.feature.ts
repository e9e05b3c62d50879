import type { capturesMethods } from '../../../shared/contract/captures.contract';
import { CaptureService } from '../captures/capture-service';
import type { Feature } from '../core/feature';

declare module '../core/services' {
  interface Services {
    captures: CaptureService;
  }
}

export const capturesFeature: Feature<typeof capturesMethods> = (ctx) => {
  const svc = new CaptureService(ctx);
  ctx.services.set('captures', svc);
  return {
    handlers: {
      'captures.startRecording': (i) => svc.startRecording(i),
      'captures.stopRecording': (i) => svc.stopRecording(i.connectionId),
      'captures.recordings': () => svc.listRecordings(),
      'captures.mark': (i) => {
        svc.mark(i.connectionId, i.label);
        return { ok: true as const };
      },
      'captures.open': (i) => svc.open(i.file),
      'captures.close': (i) => {
        svc.close(i.captureId);
        return { ok: true as const };
      },
      'captures.list': () => svc.list(),
      'captures.timeline': (i) => svc.timeline(i.captureId, i.kinds, i.offset, i.limit),
      'captures.replay': (i) => svc.replay(i),
      'captures.replayControl': (i) => svc.replayControl(i.replayId, i.action),
      'captures.replays': () => svc.listReplays(),
      'captures.bundlePreview': (i) => svc.bundlePreview(i),
      'captures.createBundle': (i) => svc.createBundle(i),
      'captures.copyAsMosquittoPub': (i) => svc.copyAsMosquittoPub(i.seq),
    },
    dispose: () => svc.dispose(),
  };
};
