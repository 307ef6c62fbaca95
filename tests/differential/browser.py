#!/usr/bin/python3
# A stand-in browser: fetches the authorize URL and hands the answer to the loopback redirect,
# following a 302 or submitting Entra's self-posting form (response_mode=form_post).
import os, re, ssl, sys, html, urllib.request, urllib.parse
url = sys.argv[1]
if os.fork():
    sys.exit(0)
ctx = ssl.create_default_context(cafile=os.environ.get("REQUESTS_CA_BUNDLE"))
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=ctx))
try:
    resp = opener.open(url)
    body = resp.read().decode()
    action = html.unescape(re.search(r'action="([^"]+)"', body).group(1))
    fields = {html.unescape(n): html.unescape(v) for n, v in re.findall(r'name="([^"]+)" value="([^"]*)"', body)}
    urllib.request.urlopen(urllib.request.Request(action, data=urllib.parse.urlencode(fields).encode()))
except urllib.error.HTTPError as e:
    if e.code in (301, 302, 303):
        urllib.request.urlopen(e.headers["Location"])
