/**
 * The join QR code the big screen shows in the lobby: the join link (`<origin>/join?code=...`)
 * drawn as SVG markup on the server by `uqr`, so the page needs no canvas, script or image
 * request, and the Content-Security-Policy stays as it is (an inline <svg> is markup, not a
 * script or an image source).
 */
import { renderSVG } from 'uqr';

/**
 * The SVG of a QR code for `url`. The markup is generated here (a white square and one black
 * path of module squares; the URL only decides which squares), never text a user wrote, so the
 * page may insert it with {@html}. Medium error correction copes with a dim projector; one unit
 * per module keeps it small; crisp edges keep the modules sharp when scaled.
 */
export function joinQrSvg(url: string): string {
	return renderSVG(url, { ecc: 'M', border: 2, pixelSize: 1 }).replace(
		'<svg ',
		'<svg shape-rendering="crispEdges" aria-hidden="true" focusable="false" '
	);
}

/** The link a trainee's phone opens from the code: the join page with the code filled in. */
export function joinUrl(origin: string, code: string): string {
	return `${origin}/join?code=${encodeURIComponent(code)}`;
}
