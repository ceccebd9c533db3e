import {
  ErrorCodes,
  Message,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';

type Phase = 'waiting' | 'running' | 'shut down';

/**
 * The server's lifecycle as the protocol fixes it, applied to every message whatever handler
 * would take it: before `initialize`, a request is answered with ServerNotInitialized (-32002)
 * and a notification dropped; `initialize` is accepted once; after `shutdown`, a request is
 * answered with InvalidRequest and a notification dropped, and the server sends nothing but
 * answers. `exit` always goes through (the connection exits with 0 after shutdown, else 1).
 */
export class LifecycleGate {
  private phase: Phase = 'waiting';

  get shutDown(): boolean {
    return this.phase === 'shut down';
  }

  /** Incoming messages, gated; refused requests are answered on `writer` and go no further. */
  reader(inner: MessageReader, writer: MessageWriter): MessageReader {
    return {
      onError: inner.onError,
      onClose: inner.onClose,
      onPartialMessage: inner.onPartialMessage,
      listen: (callback: DataCallback): Disposable =>
        inner.listen((message) => {
          const refusal = this.admit(message);
          if (refusal === undefined) callback(message);
          else if (refusal !== 'drop') void writer.write(refusal);
        }),
      dispose: () => inner.dispose(),
    };
  }

  /** Outgoing messages: after shutdown, only answers to the client's requests. */
  writer(inner: MessageWriter): MessageWriter {
    return {
      onError: inner.onError,
      onClose: inner.onClose,
      write: (message: Message) => (this.shutDown && !Message.isResponse(message) ? Promise.resolve() : inner.write(message)),
      end: () => inner.end(),
      dispose: () => inner.dispose(),
    };
  }

  /** Undefined to let the message through; else 'drop', or the error answering a refused request. */
  private admit(message: Message): ResponseMessage | 'drop' | undefined {
    if (Message.isNotification(message)) {
      return message.method === 'exit' || this.phase === 'running' ? undefined : 'drop';
    }
    if (!Message.isRequest(message)) return undefined;
    if (this.phase === 'waiting') {
      if (message.method !== 'initialize') return refuse(message, ErrorCodes.ServerNotInitialized, 'the server is not initialized: send initialize first');
      this.phase = 'running';
      return undefined;
    }
    if (this.phase === 'shut down') return refuse(message, ErrorCodes.InvalidRequest, 'the server has shut down: only exit is accepted');
    if (message.method === 'initialize') return refuse(message, ErrorCodes.InvalidRequest, 'the server is already initialized');
    if (message.method === 'shutdown') this.phase = 'shut down';
    return undefined;
  }
}

function refuse(request: RequestMessage, code: number, text: string): ResponseMessage {
  return { jsonrpc: '2.0', id: request.id, error: { code, message: text } };
}
