#!/usr/bin/env python3
"""A tiny smart-HTTP git server for the tests: `git http-backend` run as CGI behind Python's
http.server, optionally with basic auth.

    githttpserver.py --root DIR [--user NAME --password SECRET] [--git-http-backend PATH]

Listens on 127.0.0.1 on a free port and prints "PORT <n>" on stdout once ready. Exits when
stdin closes, so a crashed test never leaves it behind.
"""

import argparse
import base64
import http.server
import os
import subprocess
import sys
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--git-http-backend", default="/usr/lib/git-core/git-http-backend")
    args = parser.parse_args()

    expected = None
    if args.user is not None:
        token = f"{args.user}:{args.password or ''}".encode()
        expected = "Basic " + base64.b64encode(token).decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *arguments):
            pass  # quiet: the test reads stdout for the port only

        def do_GET(self):
            self.serve()

        def do_POST(self):
            self.serve()

        def read_body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = bytearray()
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return bytes(body)
                    body += self.rfile.read(size)
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def reply(self, status, headers, body):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def serve(self):
            body = self.read_body()
            user = ""
            if expected is not None:
                if self.headers.get("Authorization") != expected:
                    self.reply(401, [("WWW-Authenticate", 'Basic realm="wavesmith-test"'),
                                     ("Content-Type", "text/plain")], b"unauthorized\n")
                    return
                user = args.user
            path, _, query = self.path.partition("?")
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "GIT_PROJECT_ROOT": args.root,
                "GIT_HTTP_EXPORT_ALL": "1",
                "GIT_CONFIG_NOSYSTEM": "1",
                "HOME": args.root,
                "REQUEST_METHOD": self.command,
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(len(body)),
                "REMOTE_ADDR": self.client_address[0],
                "REMOTE_USER": user or "anonymous",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "GATEWAY_INTERFACE": "CGI/1.1",
            }
            if self.headers.get("Content-Encoding"):
                env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
            if self.headers.get("Git-Protocol"):
                env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
            result = subprocess.run([args.git_http_backend], input=body, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            output = result.stdout
            separator = output.find(b"\r\n\r\n")
            skip = 4
            if separator < 0:
                separator = output.find(b"\n\n")
                skip = 2
            if separator < 0:
                self.reply(500, [("Content-Type", "text/plain")], result.stderr or b"no output")
                return
            status = 200
            headers = []
            for line in output[:separator].decode("latin-1").splitlines():
                name, _, value = line.partition(":")
                value = value.strip()
                if name.lower() == "status":
                    status = int(value.split()[0])
                else:
                    headers.append((name, value))
            self.reply(status, headers, output[separator + skip:])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdin.read()  # until the test closes our stdin or dies
    server.shutdown()


if __name__ == "__main__":
    main()
