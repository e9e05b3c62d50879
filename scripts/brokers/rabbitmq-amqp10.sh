#!/usr/bin/env bash
# A throwaway RabbitMQ (Debian package, 3.10+) with the AMQP 1.0 plugin, loopback only, runnable as root
# without systemd. Used by test/support/rabbitmq.ts and bench/amqp.bench.mjs.
#   rabbitmq-amqp10.sh start DIR   -> creates DIR (certs, config, data), starts epmd + broker, waits until ready
#   rabbitmq-amqp10.sh stop DIR    -> stops both by the PIDs saved in DIR
#   rabbitmq-amqp10.sh ctl DIR ... -> runs rabbitmqctl against that broker (e.g. list_queues name messages)
# Needs: apt-get install -y --no-install-recommends rabbitmq-server openssl
# Env (callers should pass free ports so parallel runs don't collide):
#   AMQP_PORT AMQPS_PORT DIST_PORT EPMD_PORT
#   AMQP_USER AMQP_PASS       first user (default iot / s3cret)
#   AMQP_USER2 AMQP_PASS2     optional second user, e.g. a cloud-style "clientId|authMode=aksign,...|" name
#   AMQP_QUEUES               space-separated durable queues (default: iot)
#   (no '"' or '\' in these values; they are written into JSON)
# Clients: amqps://127.0.0.1:$AMQPS_PORT (CA: DIR/tls/ca.pem, certificate for localhost / 127.0.0.1), SASL PLAIN,
#          address /amq/queue/<queue> for both senders and receivers (/queue/<q> would re-declare it non-durable).
set -euo pipefail
cmd=${1:?start|stop|ctl}; DIR=$(realpath -m "${2:?DIR}")
AMQP_PORT=${AMQP_PORT:-35672}; AMQPS_PORT=${AMQPS_PORT:-35671}
DIST_PORT=${DIST_PORT:-35673}; EPMD_PORT=${EPMD_PORT:-35674}
AMQP_USER=${AMQP_USER:-iot}; AMQP_PASS=${AMQP_PASS:-s3cret}
AMQP_QUEUES=${AMQP_QUEUES:-iot}
RMQ=/usr/lib/rabbitmq/bin   # not /usr/sbin: those wrappers switch to the rabbitmq user and its HOME

json_users() {
  local out="{\"name\": \"$AMQP_USER\", \"password\": \"$AMQP_PASS\", \"tags\": \"\"}"
  [ -n "${AMQP_USER2:-}" ] && out="$out, {\"name\": \"$AMQP_USER2\", \"password\": \"${AMQP_PASS2:-}\", \"tags\": \"\"}"
  echo "$out"
}
json_perms() {
  local out="" u
  for u in "$AMQP_USER" ${AMQP_USER2:+"$AMQP_USER2"}; do
    [ -n "$out" ] && out="$out, "
    out="$out{\"user\": \"$u\", \"vhost\": \"/\", \"configure\": \".*\", \"write\": \".*\", \"read\": \".*\"}"
  done
  echo "$out"
}
json_queues() {
  local out="" q
  for q in $AMQP_QUEUES; do
    [ -n "$out" ] && out="$out, "
    out="$out{\"name\": \"$q\", \"vhost\": \"/\", \"durable\": true, \"auto_delete\": false, \"arguments\": {}}"
  done
  echo "$out"
}

write_env() {
  # A node name per dist port: two brokers on one machine must not share a name.
  cat > "$DIR/env.sh" <<EOF
export HOME=$DIR/home
export RABBITMQ_CONF_ENV_FILE=/dev/null
export RABBITMQ_CONFIG_FILE=$DIR/rabbitmq.conf
export RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/enabled_plugins
export RABBITMQ_MNESIA_BASE=$DIR/mnesia
export RABBITMQ_LOG_BASE=$DIR/log
export RABBITMQ_PID_FILE=$DIR/beam.pid
export RABBITMQ_NODENAME=fieldscope$DIST_PORT@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$AMQP_PORT
export RABBITMQ_DIST_PORT=$DIST_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=$EPMD_PORT
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
}

alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${s#Z}" = "$s" ]; }  # zombies count as gone

start() {
  [ -x $RMQ/rabbitmq-server ] || { echo "rabbitmq-server not installed (apt-get install rabbitmq-server)" >&2; exit 3; }
  command -v openssl >/dev/null || { echo "openssl not installed" >&2; exit 3; }
  mkdir -p "$DIR"/{tls,mnesia,log,home}
  if [ ! -f "$DIR/tls/server.pem" ]; then
    ( cd "$DIR/tls"
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=fieldscope-test-ca -keyout ca.key -out ca.pem 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr 2>/dev/null
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > ext.cnf
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile ext.cnf -out server.pem 2>/dev/null )
  fi
  cat > "$DIR/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
listeners.ssl.1 = 127.0.0.1:$AMQPS_PORT
ssl_options.cacertfile = $DIR/tls/ca.pem
ssl_options.certfile = $DIR/tls/server.pem
ssl_options.keyfile = $DIR/tls/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
loopback_users = none
amqp1_0.default_user = none
load_definitions = $DIR/definitions.json
log.console = true
log.console.level = info
log.file = false
EOF
  echo '[rabbitmq_amqp1_0].' > "$DIR/enabled_plugins"
  # With definitions present RabbitMQ creates no default user, so every user is listed here.
  cat > "$DIR/definitions.json" <<EOF
{"vhosts": [{"name": "/"}],
 "users": [$(json_users)],
 "permissions": [$(json_perms)],
 "queues": [$(json_queues)]}
EOF
  write_env
  # shellcheck disable=SC1091
  . "$DIR/env.sh"
  # Our own epmd (own PID); otherwise the broker spawns a daemonized one we cannot track.
  epmd -address 127.0.0.1 -port "$EPMD_PORT" > "$DIR/epmd.log" 2>&1 &
  echo $! > "$DIR/epmd.pid"
  $RMQ/rabbitmq-server > "$DIR/server.log" 2>&1 &
  echo $! > "$DIR/server.pid"
  for _ in $(seq 1 300); do   # up to 60 s
    grep -q 'Server startup complete' "$DIR/server.log" && { echo "rabbitmq ready: amqp $AMQP_PORT, amqps $AMQPS_PORT"; return 0; }
    alive "$(cat "$DIR/server.pid")" || break
    sleep 0.2
  done
  echo "rabbitmq failed to start; see $DIR/server.log" >&2; tail -n 30 "$DIR/server.log" >&2
  stop; exit 1
}

stop() {
  local sh beam
  sh=$(cat "$DIR/server.pid" 2>/dev/null || true); beam=$(cat "$DIR/beam.pid" 2>/dev/null || true)
  [ -n "$sh" ] && kill -TERM "$sh" 2>/dev/null || true      # the wrapper forwards TERM; the broker shuts down cleanly
  for _ in $(seq 1 150); do                                   # up to 30 s
    { [ -z "$beam" ] || ! alive "$beam"; } && { [ -z "$sh" ] || ! alive "$sh"; } && break
    sleep 0.2
  done
  [ -n "$beam" ] && kill -KILL "$beam" 2>/dev/null || true
  [ -f "$DIR/epmd.pid" ] && kill -TERM "$(cat "$DIR/epmd.pid")" 2>/dev/null || true
  rm -f "$DIR/server.pid" "$DIR/epmd.pid"
}

ctl() {
  # shellcheck disable=SC1091
  . "$DIR/env.sh"
  $RMQ/rabbitmqctl -n "$RABBITMQ_NODENAME" -q "$@"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  ctl) shift 2; ctl "$@" ;;
  *) echo "usage: $0 start|stop|ctl DIR" >&2; exit 2 ;;
esac
