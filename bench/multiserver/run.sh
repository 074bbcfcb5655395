#!/bin/bash
# Several Kith servers against one PostgreSQL, under the bench's mixed
# practitioner reads (see mixed.lua), as measured for docs/benchmarks.md
# ("Several servers against one PostgreSQL"). Needs wrk and curl, a built
# kith on PATH, and a PostgreSQL database holding a bench council
# (kith bench --db … leaves one).
#
#   PRACS=pracs.txt KITH_DB=postgres://… bench/multiserver/run.sh SERVERS CONNS_PER_SERVER SECONDS
#
# PRACS lists "username|case reference" lines of practitioners and their own
# open cases, for example from:
#   psql "$KITH_DB" -Atc "SELECT u.username, c.reference FROM users u JOIN cases c ON c.worker_id = u.id
#     AND c.state = 'open' AND NOT c.restricted ORDER BY 1, 2"
# Sign-ins use the bench council's password. A response other than 200 (a
# redirect to sign in, an error) is counted and reported: such a run did
# not measure the pages. It prints each server's
# requests a second, p50 and p99, and the total, with the CPU seconds the
# whole machine and the Kith servers used.
set -u
N=$1; C=$2; T=$3
cd "$(dirname "$0")"
# Only the servers this script starts are stopped, whatever happens to it:
# never another Kith running on the machine.
servers=()
trap 'kill "${servers[@]}" 2>/dev/null; wait "${servers[@]}" 2>/dev/null' EXIT
for i in $(seq 1 "$N"); do
  KITH_ADDR=127.0.0.1:$((18080+i)) KITH_SECURE_COOKIES=false KITH_VERIFY_AT=off \
    kith serve > "serve$i.log" 2>&1 &
  servers+=($!)
done
for i in $(seq 1 "$N"); do
  for try in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$((18080+i))/healthz" >/dev/null && break
    if [ "$try" = 120 ]; then echo "server $i did not start in 60 s: see serve$i.log" >&2; exit 1; fi
    sleep 0.5
  done
done
# Sign in 20 practitioners afresh (a session left idle for 30 minutes is
# signed out, and its pages would be redirects to the sign-in page);
# sessions are in the database, so every server takes them.
names=(Alderwick Fernsby Larkwell Marigoldsby Sorrelcombe)
for u in $(cut -d'|' -f1 "$PRACS" | uniq | head -20); do
  rm -f jar
  curl -s -c jar -b jar http://127.0.0.1:18081/sign-in >/dev/null
  curl -s -c jar -b jar -H "Origin: http://127.0.0.1:18081" --data-urlencode "username=$u" \
    --data-urlencode "password=kith-bench-password" http://127.0.0.1:18081/sign-in -o /dev/null
  cookie=$(awk '!/^#/ || /^#HttpOnly_/ {if (NF>=7) printf "%s=%s; ", $6, $7}' jar)
  k=0
  for ref in $(grep "^$u|" "$PRACS" | cut -d'|' -f2 | head -5); do
    echo "$cookie|/cases/$ref"; echo "$cookie|/cases?view=mine"; echo "$cookie|/search?q=${names[$k]}"
    echo "$cookie|/cases/$ref/records"; echo "$cookie|/work"; k=$((k+1))
  done
done > reqs.txt
rm -f jar
sleep 15 # let start-up work (the copy-paste index catching up) finish
# The machine's busy CPU time (all processes, in clock ticks) and the
# Kith servers' own (seconds): what is left is PostgreSQL's and wrk's.
busy() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
kcpu() { ps -C kith -o times= | awk '{s+=$1} END {print s+0}'; }
b0=$(busy); k0=$(kcpu)
rm -f wrk*.out
wrks=()
for i in $(seq 1 "$N"); do
  wrk -t1 -c"$C" -d"${T}s" -s mixed.lua "http://127.0.0.1:$((18080+i))" > "wrk$i.out" 2>&1 &
  wrks+=($!)
done
wait "${wrks[@]}"
b1=$(busy); k1=$(kcpu)
grep -h RESULT wrk*.out
tot=$(grep -h RESULT wrk*.out | sed 's/.*req\/s=\([0-9.]*\).*/\1/' | paste -sd+ | bc)
if grep -h RESULT wrk*.out | grep -qv 'not200=0$'; then
  echo "some responses were not the page (see not200): this run did not measure the pages" >&2
fi
hz=$(getconf CLK_TCK)
echo "servers=$N conns/server=$C total req/s=$tot machine busy cpu s=$(((b1-b0)/hz)) kith cpu s=$((k1-k0)) over ${T}s"
