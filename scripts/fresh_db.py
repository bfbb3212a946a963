#!/usr/bin/env python3
"""Drop and recreate database NAME on the server of $DATABASE_URL (UTF-8, C.UTF-8 ctype so pg_trgm
sees Chinese) and print its URL. Used by bench.sh and eval.sh: never run it on your app database.
Usage: DATABASE_URL=... scripts/fresh_db.py NAME"""

import os
import sys
import urllib.parse as u

import psycopg

name = sys.argv[1]
server = u.urlsplit(os.environ["DATABASE_URL"])
with psycopg.connect(u.urlunsplit(server._replace(path="/postgres")), autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
                 "TEMPLATE template0")
print(u.urlunsplit(server._replace(path="/" + name)))
