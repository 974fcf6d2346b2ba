#!/usr/bin/env bash
# libsuture_client.so exports the C API only and needs none of the server's
# or build pipeline's libraries. Usage: check_shared_lib.sh LIB
set -euo pipefail
lib="$1"
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^$' | sort)
bad=$(grep -v '^suture_client_' <<<"$exported" || true)
if [[ -n "$bad" ]]; then
  echo "$lib exports symbols outside the C API:"; echo "$bad" | head -20; exit 1
fi
for want in suture_client_create suture_client_sync suture_client_launch_begin \
            suture_client_launch_ok suture_client_status suture_client_wait_push \
            suture_client_listen_push suture_client_cancel_push suture_client_destroy; do
  grep -qx "$want" <<<"$exported" || { echo "$lib: $want not exported"; exit 1; }
done
needed=$(readelf -d "$lib" | awk '/NEEDED/ {print $5}' | tr -d '[]')
if grep -Eiq 'sqlite|cpprest|boost|divsufsort|pq' <<<"$needed"; then
  echo "$lib needs a library a phone must not carry:"; echo "$needed"; exit 1
fi
echo "ok: $(wc -l <<<"$exported") exported symbols; needs: $(tr '\n' ' ' <<<"$needed")"
