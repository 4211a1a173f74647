/**
 * A call's status is its last word: messages a handler writes after it are dropped. grpc-js
 * (1.14.7) does not stop them itself, and that can lose the status. When a status follows response
 * messages, grpc-js ends the HTTP/2 stream and sends the trailers once the stream has finished
 * writing. Suppose an earlier message is still being written at that point, and another message is
 * written after the end. Node then marks the stream as errored (ERR_STREAM_WRITE_AFTER_END), and an
 * errored stream never finishes. The trailers never go out, and the client waits until its deadline.
 *
 * Handler streams cannot do this to their own status, because it comes after their messages in
 * order. A status sent below them can: grpc-js's own for a message it cannot decompress or decode,
 * or an interceptor's (refuseUndecodable). A link session then keeps writing frames (its backlog
 * for the peer) until grpc-js tells the handler that the call is over. grpc-js does that only once
 * the trailers are out.
 */
import * as grpc from '@grpc/grpc-js';

/**
 * Must be the first server interceptor in the list, so that it wraps the call grpc-js made. grpc-js
 * sends its own statuses (decompression, decoding, deadline) through that object's `sendStatus`,
 * and this interceptor replaces that method on it to see them.
 */
export const statusEndsCall: grpc.ServerInterceptor = (_method, call) => {
  let ended = false;
  const sendStatus = call.sendStatus.bind(call);
  call.sendStatus = (status) => {
    ended = true;
    sendStatus(status);
  };
  return new grpc.ServerInterceptingCall(call, {
    // Dropped, with no callback: nothing more goes out on this call. It is cancelled once the
    // trailers are out.
    sendMessage: (message, next) => {
      if (!ended) next(message);
    },
  });
};
