"""The web playground: ``neuralab play`` serves it, the browser draws, this package computes.

    server.py    the ASGI app (Starlette) and uvicorn: static files, /health, one WebSocket per tab;
                 origin_check.py the pages it answers, registry.py its sessions and their caps,
                 socket_tasks.py each socket's receiver, answerer and frame sender, header_timeout.py
                 the connections slow to send a request, closed; open_files.py its limit on open files
    session.py   one session per socket: its scene and messages; scene_edits.py hello and set_state,
                 the page's state made a scene; training.py its training thread (the library's own
                 fit), snapshots.py the frames it builds
    protocol.py  message validation (docs/playground-protocol.md is the contract); hparams.py the
                 training settings' checks, and field_checks.py each field's
    build.py     state -> dataset (shared_data.py: one copy of a CSV's split for the pages alike);  network.py  state -> network;  features.py  the plane's inputs, grid
    upload.py    an uploaded CSV, read by load_csv, its errors in the page's terms; upload_held.py
                 the open sessions' uploads within one budget, upload_kept.py those of closed ones,
                 memory_trim.py their memory handed back to the system as they end
    views.py     what the page draws: the scene, frame arrays (forward_pass.py the layers' outputs,
                 on_shares.py a neuron's share of rows it is on for); inspector.py the neuron
                 inspector and the trace
    frames.py    snapshot -> binary frame
"""
