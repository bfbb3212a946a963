#!/usr/bin/env bash
# Create .venv and install the pinned requirements (skipped when requirements.txt is unchanged).
# With WITH_BROWSER=1 and as root, also install Debian's chromium and Chinese fonts for browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing pinned requirements"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  echo "$want" > "$stamp"
fi

apt_install() {
  [ "$(id -u)" = "0" ] || { echo "!! need root to install: $*" >&2; return 1; }
  if [ ! -f /var/lib/apt/lists/.qilian-updated ]; then
    apt-get update -qq && touch /var/lib/apt/lists/.qilian-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v msgfmt >/dev/null 2>&1 || apt_install gettext || true
if [ "${WITH_BROWSER:-0}" = "1" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing ${missing[*]} (Debian packages)"
    apt_install "${missing[@]}" || echo "!! could not install ${missing[*]}: browser tests will be skipped" >&2
  fi
fi
