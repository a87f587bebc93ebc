// Is host:port a Kafka listener? One ApiVersions v0 request, written by hand (so the tool loads no
// protocol codec for it): a reply carrying our correlation id says yes. kafka-jmx's users point
// --jmx-url at a broker's Kafka port by mistake; the error then says what is there.
import net from 'node:net';

const CORRELATION_ID = 0x4a4d5801;

export function isKafkaListener(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const clientId = Buffer.from('tkafka-jmx');
    // size, api key 18 (ApiVersions), version 0, correlation id, client id (int16 length + bytes)
    const req = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
    req.writeInt32BE(req.length - 4, 0);
    req.writeInt16BE(18, 4);
    req.writeInt16BE(0, 6);
    req.writeInt32BE(CORRELATION_ID, 8);
    req.writeInt16BE(clientId.length, 12);
    clientId.copy(req, 14);
    let buf = Buffer.alloc(0);
    const s = net.connect({ host, port });
    const done = (v: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => s.write(req));
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 8) done(buf.readInt32BE(4) === CORRELATION_ID);
    });
    s.once('error', () => done(false));
    s.once('close', () => done(false));
  });
}
