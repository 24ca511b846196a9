import { create } from 'qrcode';
import { useMemo } from 'react';

/**
 * A QR code of an invitation link for people in the room to scan with a phone, drawn as SVG from the code's
 * modules (no canvas, no markup injected). Error correction M: readable from a projector or a printed sheet.
 */
export function InvitationQr({ link, label }: { link: string; label: string }) {
  const path = useMemo(() => {
    const { modules } = create(link, { errorCorrectionLevel: 'M' });
    const parts: string[] = [];
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) parts.push(`M${x + 4} ${y + 4}h1v1h-1z`);
    }
    return { d: parts.join(''), size: modules.size + 8 };
  }, [link]);
  return (
    <svg className="dialogue-qr" role="img" aria-label={label} viewBox={`0 0 ${path.size} ${path.size}`} width="192" height="192" shapeRendering="crispEdges">
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
