#!/usr/bin/python3
"""ApsaraMQ for MQTT client for current instances, written from Alibaba's documented formulas with paho-mqtt:
UserName = <Mode>|<AccessKeyId>|<InstanceId>; Signature and DeviceCredential: Password =
base64(hmac.new(secret, ClientId, sha1)); Token: Password = type|token pairs joined by '|'.
Usage: paho_mq_instance.py HOST PORT MODE ACCESS_KEY_ID SECRET INSTANCE_ID GROUP_ID DEVICE_ID TOPIC
       [--ca FILE] [--token TYPE=TOKEN ...]   (SECRET is ignored in Token mode)
Connects, subscribes, publishes one message to itself and prints one JSON line:
{"rc": <CONNACK code>, "received": <payload or null>, "username": ..., "password": ...}"""
import argparse, base64, hmac, json, threading
from hashlib import sha1
from paho.mqtt import client as mqtt

p = argparse.ArgumentParser()
for a in ['host', 'port', 'mode', 'access_key_id', 'secret', 'instance_id', 'group_id', 'device_id', 'topic']:
    p.add_argument(a)
p.add_argument('--ca')
p.add_argument('--token', action='append', default=[])
a = p.parse_args()

client_id = a.group_id + '@@@' + a.device_id
username = '%s|%s|%s' % (a.mode, a.access_key_id, a.instance_id)
if a.mode == 'Token':
    password = '|'.join(t.replace('=', '|', 1) for t in a.token)
else:
    password = base64.b64encode(hmac.new(a.secret.encode(), client_id.encode(), sha1).digest()).decode()
result = {'rc': None, 'received': None, 'username': username, 'password': password}
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
    c.subscribe(a.topic, 1)

def on_subscribe(c, userdata, mid, granted):
    c.publish(a.topic, 'hello from paho (%s)' % a.mode, qos=1)

def on_message(c, userdata, msg):
    result['received'] = msg.payload.decode()
    done.set()

def on_disconnect(c, userdata, rc):
    done.set()

client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.on_disconnect = on_disconnect
client.username_pw_set(username, password)
if a.ca:
    client.tls_set(a.ca)
client.connect(a.host, int(a.port), 60)
client.loop_start()
done.wait(10)
client.loop_stop()
print(json.dumps(result))
