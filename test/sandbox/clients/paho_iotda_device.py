#!/usr/bin/python3
"""Huawei Cloud IoTDA device, written from the documented formulas with paho-mqtt over TLS:
ClientId = <deviceId>_0_<0|1>_<YYYYMMDDHH> (UTC hour), UserName = deviceId,
Password = hex(hmac(key = YYYYMMDDHH, msg = secret, sha256)).
Usage: paho_iotda_device.py HOST PORT CA DEVICE_ID SECRET CHECK_TIMESTAMP [--hour-offset H] [--wrong-secret]
       [--wait-command]
Reports one property message on $oc/devices/<id>/sys/properties/report and prints one JSON line:
{"rc": <CONNACK code>, "published": bool, "command": <command JSON or null>}.
With --wait-command it subscribes to its command topic first, answers the first command and prints it."""
import argparse, datetime, hashlib, hmac, json, threading
from paho.mqtt import client as mqtt

p = argparse.ArgumentParser()
for a in ['host', 'port', 'ca', 'device_id', 'secret', 'check_timestamp']:
    p.add_argument(a)
p.add_argument('--hour-offset', type=int, default=0)
p.add_argument('--wrong-secret', action='store_true')
p.add_argument('--wait-command', action='store_true')
a = p.parse_args()

stamp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=a.hour_offset)).strftime('%Y%m%d%H')
client_id = '%s_0_%s_%s' % (a.device_id, a.check_timestamp, stamp)
secret = a.secret + ('x' if a.wrong_secret else '')
password = hmac.new(stamp.encode(), secret.encode(), hashlib.sha256).hexdigest()
prefix = '$oc/devices/%s/sys/' % a.device_id
result = {'rc': None, 'published': False, 'command': None}
done = threading.Event()

try:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, client_id, protocol=mqtt.MQTTv311, clean_session=True)
except AttributeError:  # paho < 2
    client = mqtt.Client(client_id, protocol=mqtt.MQTTv311, clean_session=True)

def report(c):
    body = {'services': [{'service_id': 'Battery', 'properties': {'batteryLevel': 87}}]}
    c.publish(prefix + 'properties/report', json.dumps(body), qos=1)

def on_connect(c, userdata, flags, rc):
    result['rc'] = rc
    if rc != 0:
        done.set()
        return
    if a.wait_command:
        c.subscribe(prefix + 'commands/#', 1)
    else:
        report(c)

def on_subscribe(c, userdata, mid, granted):
    print(json.dumps({'subscribed': True}), flush=True)

def on_publish(c, userdata, mid):
    result['published'] = True
    if not a.wait_command or result['command'] is not None:
        done.set()

def on_message(c, userdata, msg):
    request_id = msg.topic.split('request_id=')[-1]
    result['command'] = json.loads(msg.payload.decode())
    c.publish(prefix + 'commands/response/request_id=' + request_id, json.dumps({'result_code': 0}), qos=1)

def on_disconnect(c, userdata, rc):
    done.set()

client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_publish = on_publish
client.on_message = on_message
client.on_disconnect = on_disconnect
client.username_pw_set(a.device_id, password)
client.tls_set(a.ca)
client.connect(a.host, int(a.port), 60)
client.loop_start()
done.wait(10)
client.loop_stop()
print(json.dumps(result))
