/**
 * HTTP/1.1 request and response heads (RFC 9112 §3, §4; Host is required by RFC 9112 §3.2).
 * @module synth/http
 */
import type { Prng } from './prng.js';

const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'curl/8.5.0',
  'Debian APT-HTTP/1.3 (2.6.1)',
];
const PATHS = ['/', '/index.html', '/api/v1/status', '/static/app.js', '/images/logo.png', '/update/manifest.json', '/generate_204'];

/** A GET request head for `host`. */
export function httpRequest(rng: Prng, host: string): Uint8Array {
  const path = rng.pick(PATHS);
  const text =
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${rng.pick(AGENTS)}\r\n` +
    `Accept: */*\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.from(text, 'latin1');
}

/** A 200 response head announcing `bodyBytes` of body. */
export function httpResponseHead(bodyBytes: number): Uint8Array {
  const text =
    `HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\n` +
    `Content-Length: ${bodyBytes}\r\nCache-Control: max-age=3600\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.from(text, 'latin1');
}
