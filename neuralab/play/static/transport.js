// The one module that talks to the server. Views never touch the socket: they get decoded
// messages through `onMessage` and send commands through `send`. A notebook widget can
// replace this module with one of the same shape ({send, onMessage, onStatus, ready}).

/** Decode a binary frame: uint32 LE header length, UTF-8 JSON header, padding to 4 bytes,
 *  then the arrays, each at a multiple of 4 bytes from the start of the array section. */
export function decodeFrame(buffer) {
  const view = new DataView(buffer);
  const headerLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength)));
  const start = 4 + Math.ceil(headerLength / 4) * 4;
  const kinds = { float32: Float32Array, uint32: Uint32Array, int32: Int32Array, uint8: Uint8Array,
                  float64: Float64Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array };
  const arrays = {};
  for (const [name, spec] of Object.entries(header.arrays || {})) {
    const Kind = kinds[spec.dtype];
    if (!Kind) continue;
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const offset = start + spec.offset;
    // Float64 needs 8-byte alignment; copy when the offset does not allow a view.
    const data = offset % Kind.BYTES_PER_ELEMENT === 0
      ? new Kind(buffer, offset, count)
      : new Kind(buffer.slice(offset, offset + count * Kind.BYTES_PER_ELEMENT));
    data.shape = spec.shape;
    arrays[name] = data;
  }
  return { header, arrays };
}

export function connect(url = defaultUrl()) {
  const listeners = [];
  const statusListeners = [];
  let socket = null;
  let retry = 500;

  function open() {
    socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      retry = 500;
      statusListeners.forEach((f) => f('open'));
    };
    socket.onmessage = (event) => {
      const message = typeof event.data === 'string'
        ? JSON.parse(event.data) : decodeFrame(event.data);
      listeners.forEach((f) => f(message));
    };
    socket.onclose = () => {
      statusListeners.forEach((f) => f('closed'));
      setTimeout(open, retry);
      // a server started again on the same port (neuralab play --port N) is found within 4 s
      retry = Math.min(retry * 2, 4000);
    };
  }
  open();

  return {
    /** Send `message` if the socket is open; else it is dropped, never kept for later: the page
     *  says hello with its whole state when the socket opens (again), and a press made meanwhile
     *  (a Pause, a Play) replayed on the new session did what the learner no longer saw. */
    send(message) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    onMessage(fn) { listeners.push(fn); },
    onStatus(fn) { statusListeners.push(fn); },
    ready() { this.send({ type: 'ready' }); },
  };
}

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}
