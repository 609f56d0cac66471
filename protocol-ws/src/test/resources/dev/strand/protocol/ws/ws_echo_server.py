# A WebSocket echo server on Debian's python3-websockets, started by PythonWebsockets.java.
# It prints "PLAIN <port>" and "TLS <port>" once both listeners are up.
# Text messages starting with "cmd:" are commands instead of echoes:
#   cmd:close:CODE:REASON   the server closes with CODE and REASON
#   cmd:ping:TOKEN          the server pings with TOKEN, waits for the pong, sends "pong-received:TOKEN"
#   cmd:fragments:N         the server sends one text message as N fragments "frag0;" ... "fragN-1;"
#   cmd:subprotocol         the server sends "subprotocol:<selected or None>"
#   cmd:lastclose           the server sends "lastclose:CODE:REASON" of the last connection that closed
# The path /forbidden is refused with 403 and a body before the upgrade.
import asyncio
import http
import ssl
import sys

import websockets

last_close = ["none", ""]


async def handler(ws, path=None):
    try:
        async for msg in ws:
            if isinstance(msg, str) and msg.startswith("cmd:"):
                parts = msg.split(":", 3)
                cmd = parts[1]
                if cmd == "close":
                    await ws.close(int(parts[2]), parts[3] if len(parts) > 3 else "")
                    return
                if cmd == "ping":
                    waiter = await ws.ping(parts[2].encode())
                    await waiter
                    await ws.send("pong-received:" + parts[2])
                    continue
                if cmd == "fragments":
                    await ws.send(iter(["frag%d;" % i for i in range(int(parts[2]))]))
                    continue
                if cmd == "subprotocol":
                    await ws.send("subprotocol:" + str(ws.subprotocol))
                    continue
                if cmd == "lastclose":
                    await ws.send("lastclose:%s:%s" % (last_close[0], last_close[1]))
                    continue
            await ws.send(msg)
    except websockets.ConnectionClosed:
        pass
    finally:
        await ws.wait_closed()
        last_close[0] = str(ws.close_code)
        last_close[1] = ws.close_reason or ""


async def refuse_forbidden(path, request_headers):
    if path == "/forbidden":
        return http.HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")], b"go away, this path is forbidden\n"
    return None


async def main(cert, key):
    common = dict(subprotocols=["chat.v2", "chat.v1"], max_size=None, process_request=refuse_forbidden,
                  ping_interval=None, close_timeout=2, compression=None)
    plain = await websockets.serve(handler, "127.0.0.1", 0, **common)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls = await websockets.serve(handler, "127.0.0.1", 0, ssl=context, **common)
    print("PLAIN %d" % plain.sockets[0].getsockname()[1], flush=True)
    print("TLS %d" % tls.sockets[0].getsockname()[1], flush=True)
    await asyncio.Future()


asyncio.run(main(sys.argv[1], sys.argv[2]))
