#!/usr/bin/python3
"""IoT Platform AMQP receiver using python3-qpid-proton (C core), with the documented userName/password
(seed 002): userName = clientId|authMode=aksign,signMethod=..,consumerGroupId=..,authId=..,timestamp=..|,
password = base64(HMAC-<signMethod>(secret, "authId=..&timestamp=..")).
Usage: proton_receiver.py HOST PORT CA AK SECRET GROUP SIGN_METHOD COUNT [--idle SEC] [--timestamp-offset MS]
       [--wrong-password] [--no-accept] [--instance ID] [--sts TOKEN]
Prints one JSON line: {"opened": bool, "error": str|null, "messages": [{topic, messageId, generateTime, bodyLen, bodyHex}]}"""
import argparse, base64, hashlib, hmac, json, time
from proton import SSLDomain
from proton.handlers import MessagingHandler
from proton.reactor import Container

p = argparse.ArgumentParser()
for a in ['host', 'port', 'ca', 'ak', 'secret', 'group', 'sign_method']:
    p.add_argument(a)
p.add_argument('count', type=int)
p.add_argument('--idle', type=float, default=60)
p.add_argument('--timestamp-offset', type=int, default=0)
p.add_argument('--wrong-password', action='store_true')
p.add_argument('--no-accept', action='store_true')
p.add_argument('--instance', default='')
p.add_argument('--sts', default='')
p.add_argument('--timeout', type=float, default=15)
a = p.parse_args()

ts = str(int(time.time() * 1000) + a.timestamp_offset)
algo = {'hmacmd5': hashlib.md5, 'hmacsha1': hashlib.sha1, 'hmacsha256': hashlib.sha256}[a.sign_method]
params = []
if a.instance:
    params.append('iotInstanceId=' + a.instance)
if a.sts:
    params += ['authMode=ststoken', 'securityToken=' + a.sts]
    to_sign = 'authId=%s&securityToken=%s&timestamp=%s' % (a.ak, a.sts, ts)
else:
    params.append('authMode=aksign')
    to_sign = 'authId=%s&timestamp=%s' % (a.ak, ts)
params += ['signMethod=' + a.sign_method, 'consumerGroupId=' + a.group, 'authId=' + a.ak, 'timestamp=' + ts]
username = 'proton-client|' + ','.join(params) + '|'
password = base64.b64encode(hmac.new(a.secret.encode(), to_sign.encode(), algo).digest()).decode()
if a.wrong_password:
    password = 'x' + password


class Receiver(MessagingHandler):
    def __init__(self):
        super().__init__(auto_accept=False)
        self.out = {'opened': False, 'error': None, 'messages': []}
        self.done = False
        self.printed = False

    def on_start(self, event):
        dom = SSLDomain(SSLDomain.MODE_CLIENT)
        dom.set_trusted_ca_db(a.ca)
        dom.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
        conn = event.container.connect('amqps://%s:%s' % (a.host, a.port), user=username, password=password,
                                       allowed_mechs='PLAIN', ssl_domain=dom, heartbeat=a.idle,
                                       virtual_host='localhost', reconnect=False)
        event.container.create_receiver(conn, None)
        event.container.schedule(a.timeout, self)

    def on_connection_opened(self, event):
        self.out['opened'] = True

    def on_message(self, event):
        m = event.message
        if not a.no_accept:
            self.accept(event.delivery)
        body = m.body if isinstance(m.body, (bytes, bytearray)) else bytes(str(m.body), 'utf8')
        props = m.properties or {}
        self.out['messages'].append({'topic': props.get('topic'), 'messageId': props.get('messageId'),
                                     'generateTime': props.get('generateTime'), 'bodyLen': len(body),
                                     'bodyHex': bytes(body).hex()})
        if len(self.out['messages']) >= a.count and not self.done:
            # settle what we took, then close cleanly so the server sees the accepts before the close
            self.done = True
            event.receiver.close()
            event.connection.close()

    def on_connection_closed(self, event):
        self.finish(event)

    def finish(self, event):
        if not self.printed:
            self.printed = True
            print(json.dumps(self.out), flush=True)
        event.container.stop()

    def on_timer_task(self, event):
        self.finish(event)

    def on_transport_error(self, event):
        c = event.transport.condition
        self.out['error'] = c and ('%s: %s' % (c.name, c.description))
        self.finish(event)

    def on_connection_error(self, event):
        c = event.connection.remote_condition
        self.out['error'] = c and ('%s: %s' % (c.name, c.description))
        self.finish(event)


Container(Receiver()).run()
