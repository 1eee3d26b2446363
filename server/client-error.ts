// Requests Node's HTTP parser refuses before Express sees them (oversized headers, bad framing) still get a JSON error.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** Node's parser codes for headers or a URL over --max-http-header-size; everything else is a plain 400. */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW']);

/** A HEAD request's answer carries the headers of the JSON error but no body (HTTP forbids one). */
function reply(head: boolean, status: number, reason: string, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  const top = `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  return head ? top : `${top}${body}`;
}

/** Replaces Node's default plain-text `clientError` answer with the host's `{error:{code,message}}` shape. */
export function answerClientErrorsWithJson(server: Server): void {
  server.on('clientError', (error: ParserError, socket: Socket) => {
    // A reset or timed-out socket has nobody to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const head = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    const answer = TOO_LARGE.has(error.code ?? '')
      ? reply(head, 431, 'Request Header Fields Too Large', 'headers_too_large', 'the request line or headers are too large')
      : reply(head, 400, 'Bad Request', 'bad_request', 'the request could not be parsed');
    socket.end(answer);
  });
}
