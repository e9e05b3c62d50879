#!/usr/bin/python3
"""The other side of Fieldscope's MQ for IoT client features, written as the vendor's Python sample does
(seed 004): paho-mqtt, signature mode, password = base64(hmac.new(secretKey, groupId, sha1)).
One JSON line per event on stdout.

  p2p <host> <port> <accessKey> <secretKey> <groupId> <deviceId> <parent> <targetClientId> <text>
      connects (no subscription at all), sends <text> as a P2P message to <targetClientId>, then waits
      (up to 60 s) for one P2P message to itself and prints it.
  publish <host> <port> <accessKey> <secretKey> <groupId> <deviceId> <topic> <text>...
      publishes each <text> with QoS 1 (waiting for each PUBACK) and exits."""
import base64, hmac, json, sys, threading
from hashlib import sha1
from paho.mqtt import client as mqtt

mode, host, port, access_key, secret_key, group_id, device_id = sys.argv[1:8]
rest = sys.argv[8:]
client_id = group_id + '@@@' + device_id
password = base64.b64encode(hmac.new(secret_key.encode(), group_id.encode(), sha1).digest()).decode()
done = threading.Event()
connected = threading.Event()

say_lock = threading.Lock()

def say(**kw):
    # paho's network thread (on_message) and the main thread (sent) both print: one locked write per line,
    # or two lines can interleave into one that is not JSON and the event is lost.
    with say_lock:
        sys.stdout.write(json.dumps(kw) + '\n')
        sys.stdout.flush()

try:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id, protocol=mqtt.MQTTv311, clean_session=True)
except AttributeError:  # paho < 2
    client = mqtt.Client(client_id, protocol=mqtt.MQTTv311, clean_session=True)

def on_connect(c, userdata, flags, rc):
    say(event='connected', rc=rc)
    if rc != 0:
        done.set()
    connected.set()

def on_message(c, userdata, msg):
    say(event='message', topic=msg.topic, payload=msg.payload.decode('utf-8', 'replace'), qos=msg.qos)
    done.set()

client.on_connect = on_connect
client.on_message = on_message
client.username_pw_set(access_key, password)
client.connect(host, int(port), 60)
client.loop_start()
connected.wait(30)
if mode == 'p2p':
    parent, target, text = rest[0], rest[1], rest[2]
    client.publish(parent + '/p2p/' + target, text, qos=1).wait_for_publish(30)
    say(event='sent', topic=parent + '/p2p/' + target)
    done.wait(60)
elif mode == 'publish':
    topic, texts = rest[0], rest[1:]
    for t in texts:
        client.publish(topic, t, qos=1).wait_for_publish(30)
    say(event='published', count=len(texts))
client.disconnect()
client.loop_stop()
