export type Point = { id: string; name: string; latitude: number; longitude: number };

const R_MILES = 3958.8;
const rad = (d: number) => (d * Math.PI) / 180;

export function milesBetween(a: Point, b: Point): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * R_MILES * Math.asin(Math.sqrt(h));
}

/** "north-west": where b lies as seen from a, in eight plain-language directions. */
export function direction(a: Point, b: Point): string {
  const y = b.latitude - a.latitude;
  const x = (b.longitude - a.longitude) * Math.cos(rad(a.latitude));
  const deg = (Math.atan2(x, y) * 180) / Math.PI;
  const names = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'];
  return names[Math.round(((deg + 360) % 360) / 45) % 8];
}

/** Web-Mercator pixel position at a zoom level (the slippy-map tile scheme every tile server uses). */
export function worldPixel(lat: number, lng: number, zoom: number) {
  const scale = 256 * 2 ** zoom;
  const s = Math.sin(rad(lat));
  return { x: ((lng + 180) / 360) * scale, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale };
}
