#!/usr/bin/python3
"""MQ for IoT signature-mode client written as the vendor's Python sample does (seed 004): paho-mqtt,
password = base64(hmac.new(secretKey, groupId, sha1)). Connects, subscribes, publishes one message to
itself and prints one JSON line: {"rc": <CONNACK code>, "received": <payload or null>}."""
import base64, hmac, json, sys, threading
from hashlib import sha1
from paho.mqtt import client as mqtt

host, port, access_key, secret_key, group_id, device_id, topic = sys.argv[1:8]
ca = sys.argv[8] if len(sys.argv) > 8 else None
client_id = group_id + '@@@' + device_id
password = base64.b64encode(hmac.new(secret_key.encode(), group_id.encode(), sha1).digest()).decode()
result = {'rc': None, 'received': None}
done = threading.Event()

try:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id, protocol=mqtt.MQTTv311, clean_session=True)
except AttributeError:  # paho < 2
    client = mqtt.Client(client_id, protocol=mqtt.MQTTv311, clean_session=True)

def on_connect(c, userdata, flags, rc):
    result['rc'] = rc
    if rc != 0:
        done.set()
        return
    c.subscribe(topic, 1)

def on_subscribe(c, userdata, mid, granted):
    c.publish(topic, 'hello from paho', qos=1)

def on_message(c, userdata, msg):
    result['received'] = msg.payload.decode()
    done.set()

def on_disconnect(c, userdata, rc):
    done.set()

client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.on_disconnect = on_disconnect
client.username_pw_set(access_key, password)
if ca:
    client.tls_set(ca)
client.connect(host, int(port), 60)
client.loop_start()
done.wait(10)
client.loop_stop()
print(json.dumps(result))
