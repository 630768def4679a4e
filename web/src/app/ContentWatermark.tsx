import { useMemo, type ReactNode } from 'react';

interface Tile {
  url: string;
  width: number;
  height: number;
}

const TILE_WIDTH = 260;
const TILE_HEIGHT = 180;

function drawTile(lines: readonly string[]): Tile | null {
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = TILE_WIDTH * ratio;
  canvas.height = TILE_HEIGHT * ratio;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.scale(ratio, ratio);
  context.translate(TILE_WIDTH / 2, TILE_HEIGHT / 2);
  context.rotate((-22 * Math.PI) / 180);
  context.fillStyle = 'rgba(0, 0, 0, 0.09)';
  context.font = "14px 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  lines.forEach((line, index) => {
    context.fillText(line, 0, (index - (lines.length - 1) / 2) * 20);
  });
  return { url: canvas.toDataURL('image/png'), width: TILE_WIDTH, height: TILE_HEIGHT };
}

/**
 * Tiles the viewer's name over the content so a leaked screenshot names its source.
 * antd's Watermark would do this, but it writes its overlay with setAttribute('style'),
 * which the strict CSP (no 'unsafe-inline') refuses; here the overlay is styled through the
 * DOM's style object, which the CSP allows, and the tile is a data: image (img-src allows it).
 */
export function ContentWatermark({ lines, children }: { lines: string[]; children: ReactNode }) {
  const key = lines.join('\n');
  const tile = useMemo(() => drawTile(key.split('\n')), [key]);
  return (
    <div className="tx-watermark-host">
      {children}
      {tile && (
        <div
          aria-hidden="true"
          className="tx-watermark"
          data-testid="watermark"
          style={{
            backgroundImage: `url("${tile.url}")`,
            backgroundSize: `${tile.width}px ${tile.height}px`,
          }}
        />
      )}
    </div>
  );
}
