#!/usr/bin/python3
"""Alibaba Cloud IoT Platform device (one secret per device), written from the documented formulas with paho-mqtt:
MQTT ClientId = <clientId>|securemode=<2|3>,signmethod=<method>,timestamp=<ms>|, UserName = <deviceName>&<productKey>,
Password = hex(hmac(deviceSecret, "clientId..deviceName..productKey..timestamp..")). securemode 2 = TLS, 3 = TCP.
Usage: paho_iot_device.py HOST PORT PRODUCT_KEY DEVICE_NAME DEVICE_SECRET SIGN_METHOD SECURE_MODE
       [--ca FILE (connects over TLS)] [--client-id ID] [--timestamp-offset MS] [--wrong-secret] [--publish-to TOPIC]
Subscribes to the property post_reply, posts one Alink property report and prints one JSON line:
{"rc": <CONNACK code>, "reply": <post_reply JSON or null>, "id": <request id>}"""
import argparse, hashlib, hmac, json, threading, time
from paho.mqtt import client as mqtt

p = argparse.ArgumentParser()
for a in ['host', 'port', 'product_key', 'device_name', 'device_secret', 'sign_method', 'secure_mode']:
    p.add_argument(a)
p.add_argument('--ca')
p.add_argument('--client-id')
p.add_argument('--timestamp-offset', type=int, default=0)
p.add_argument('--wrong-secret', action='store_true')
p.add_argument('--publish-to')
a = p.parse_args()

cid = a.client_id or '%s.%s' % (a.product_key, a.device_name)
ts = str(int(time.time() * 1000) + a.timestamp_offset)
fields = {'clientId': cid, 'deviceName': a.device_name, 'productKey': a.product_key, 'timestamp': ts}
to_sign = ''.join(k + fields[k] for k in sorted(fields))
algo = {'hmacmd5': hashlib.md5, 'hmacsha1': hashlib.sha1, 'hmacsha256': hashlib.sha256}[a.sign_method]
secret = a.device_secret + ('x' if a.wrong_secret else '')
password = hmac.new(secret.encode(), to_sign.encode(), algo).hexdigest()
mqtt_client_id = '%s|securemode=%s,signmethod=%s,timestamp=%s|' % (cid, a.secure_mode, a.sign_method, ts)
base = '/sys/%s/%s/thing/event/property/' % (a.product_key, a.device_name)
req_id = str(int(time.time() * 1000) % 100000)
result = {'rc': None, 'reply': None, 'id': req_id}
done = threading.Event()

try:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, mqtt_client_id, protocol=mqtt.MQTTv311, clean_session=True)
except AttributeError:  # paho < 2
    client = mqtt.Client(mqtt_client_id, protocol=mqtt.MQTTv311, clean_session=True)

def on_connect(c, userdata, flags, rc):
    result['rc'] = rc
    if rc != 0:
        done.set()
        return
    c.subscribe(base + 'post_reply', 1)

def on_subscribe(c, userdata, mid, granted):
    body = {'id': req_id, 'version': '1.0', 'params': {'LightSwitch': 1, 'Temperature': {'value': 23.5}}, 'method': 'thing.event.property.post'}
    c.publish(a.publish_to or base + 'post', json.dumps(body), qos=1)

def on_message(c, userdata, msg):
    result['reply'] = json.loads(msg.payload.decode())
    done.set()

def on_disconnect(c, userdata, rc):
    done.set()

client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.on_disconnect = on_disconnect
client.username_pw_set('%s&%s' % (a.device_name, a.product_key), password)
if a.ca:
    client.tls_set(a.ca)
client.connect(a.host, int(a.port), 60)
client.loop_start()
done.wait(10)
client.loop_stop()
print(json.dumps(result))
