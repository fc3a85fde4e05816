"""A minimal Lambda Runtime API (version 2018-06-01) for the cold-start benchmark: it hands one event to a runtime
started with AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>, and records when and what the runtime answered.

What Lambda's runtime interface client calls, and what this server does with each (see AWS's "Using the Lambda
runtime API for custom runtimes"):

  GET  /2018-06-01/runtime/invocation/next          the event, with the headers Lambda-Runtime-Aws-Request-Id,
                                                    -Deadline-Ms, -Invoked-Function-Arn, -Trace-Id and Content-Type
                                                    (without Content-Type, the Java client's native library
                                                    crashes the JVM in libc: seen with 2.10.1 on JDK 17); a second
                                                    call waits until the runtime is stopped,
                                                    as Lambda freezes an environment between invocations
  POST /2018-06-01/runtime/invocation/<id>/response the result: 202, recorded with its time
  POST /2018-06-01/runtime/invocation/<id>/error    a failure: 202, recorded with its time
  POST /2018-06-01/runtime/init/error               init failed: 202, recorded
  GET  /2018-06-01/runtime/restore/next             SnapStart only (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start): the
                                                    client asks it after the beforeCheckpoint hooks ran, and runs the
                                                    afterRestore hooks when it answers; 200 at once, time recorded
  POST /2018-06-01/runtime/restore/error            an afterRestore hook failed: 202, recorded

One server serves any number of runs in turn: arm(event) before starting each runtime process, then
wait_for_result(timeout). Times are time.perf_counter() values, comparable with the benchmark's own.
"""
import http.server
import threading
import time
import uuid

PREFIX = "/2018-06-01/runtime"


class RuntimeApi:
    """The server on a free port of 127.0.0.1, in a background thread; use it as a context manager."""

    def __init__(self, function_name="audit-remediation-check-account", timeout_seconds=240):
        self.function_name = function_name
        self.timeout_seconds = timeout_seconds
        self._lock = threading.Condition()
        self._event = None
        self._request_id = None
        self._result = None
        self._times = {}
        self._generation = 0
        self._server = None

    def __enter__(self):
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                api._get(self)

            def do_POST(self):
                api._post(self)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a runtime process stopped while its connection was open: expected after every run

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release()
        self._server.shutdown()
        self._server.server_close()

    @property
    def address(self):
        """The value of AWS_LAMBDA_RUNTIME_API: host and port, no scheme."""
        return "127.0.0.1:%d" % self._server.server_address[1]

    def arm(self, event_bytes):
        """The next runtime to ask for an invocation gets this event; forgets the previous run's result."""
        with self._lock:
            self._generation += 1
            self._event = event_bytes
            self._request_id = str(uuid.uuid4())
            self._result = None
            self._times = {}
            self._lock.notify_all()

    def release(self):
        """Lets a runtime's waiting second GET .../next return (it gets a 410 and its process is stopped anyway)."""
        with self._lock:
            self._generation += 1
            self._event = None
            self._lock.notify_all()

    def wait_for_result(self, timeout):
        """(kind, body bytes, times) once the runtime answered: kind is "response", "error", "init-error" or
        "restore-error"; times holds perf_counter values for "next" (event handed out), "restore" (restore/next
        answered, SnapStart only) and "result". None after timeout seconds."""
        deadline = time.perf_counter() + timeout
        with self._lock:
            while self._result is None:
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self._lock.wait(left)
            return self._result[0], self._result[1], dict(self._times)

    def _record(self, kind, body):
        with self._lock:
            if self._result is None:
                self._times["result"] = time.perf_counter()
                self._result = (kind, body)
                self._lock.notify_all()

    def _get(self, request):
        if request.path == PREFIX + "/invocation/next":
            with self._lock:
                generation = self._generation
                event = self._event
                if event is not None and "next" not in self._times:
                    self._times["next"] = time.perf_counter()
                    request_id = self._request_id
                else:
                    # The runtime's second request: Lambda would freeze the environment here. Wait for the next run.
                    while self._generation == generation:
                        self._lock.wait()
                    event = None
            if event is None:
                return self._answer(request, 410, b"")
            deadline_ms = int((time.time() + self.timeout_seconds) * 1000)
            return self._answer(request, 200, event, {
                "Content-Type": "application/json",
                "Lambda-Runtime-Aws-Request-Id": request_id,
                "Lambda-Runtime-Deadline-Ms": str(deadline_ms),
                "Lambda-Runtime-Invoked-Function-Arn":
                    "arn:aws:lambda:us-east-1:123456789012:function:" + self.function_name,
                "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000;Sampled=0",
            })
        if request.path == PREFIX + "/restore/next":
            with self._lock:
                self._times["restore"] = time.perf_counter()
            return self._answer(request, 200, b"")
        return self._answer(request, 404, b'{"errorType":"NotFound"}')

    def _post(self, request):
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        path = request.path
        if path.startswith(PREFIX + "/invocation/") and path.endswith("/response"):
            self._record("response", body)
        elif path.startswith(PREFIX + "/invocation/") and path.endswith("/error"):
            self._record("error", body)
        elif path == PREFIX + "/init/error":
            self._record("init-error", body)
        elif path == PREFIX + "/restore/error":
            self._record("restore-error", body)
        else:
            return self._answer(request, 404, b'{"errorType":"NotFound"}')
        return self._answer(request, 202, b'{"status":"OK"}')

    @staticmethod
    def _answer(request, status, body, headers=None):
        try:
            request.send_response(status)
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
