-- wrk: device requests through nginx, each with new ids (run nonce, thread,
-- counter); prints "<LABEL> n FAILED m" (2xx / anything else) at the end.
--   wrk ... -s device_load.lua URL -- check|report APP APP_KEY BASE_FINGERPRINT NONCE
--   check:  one check per request, a new device id each          (label OK)
--   report: one report per request, one launch_ok event, new ids  (label ACKED)
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  mode, app, key, base, nonce = args[1], args[2], args[3], args[4], args[5]
  n, ok, bad = 0, 0, 0
end
function request()
  n = n + 1
  local id = nonce .. "-" .. tid .. "-" .. n
  local body
  if mode == "check" then
    body = '{"device_id":"c' .. id .. '","base_fingerprint":"' .. base .. '","os":"android","sdk":33}'
  else
    body = '{"device":{"device_id":"d' .. id .. '","base_fingerprint":"' .. base ..
           '"},"events":[{"event_id":"e' .. id .. '","kind":"launch_ok"}]}'
  end
  return wrk.format("POST", "/v1/apps/" .. app .. "/" .. mode,
                    {["X-Suture-App-Key"] = key, ["Content-Type"] = "application/json"}, body)
end
function response(status)
  if status >= 200 and status < 300 then ok = ok + 1 else bad = bad + 1 end
end
function done()
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  io.write(string.format("%s %d FAILED %d\n", mode == "check" and "OK" or "ACKED", o, b))
end
