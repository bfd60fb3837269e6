-- ApplicationSet health from the controller's conditions: an error or resources that could not
-- be brought up to date are Degraded, a progressive rollout still running is Progressing.
local hs = {}
hs.status = "Healthy"
hs.message = ""
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "ErrorOccurred" and condition.status == "True" then
    hs.status = "Degraded"
    hs.message = condition.message or ""
    return hs
  end
  if condition.type == "ResourcesUpToDate" and condition.status == "False" then
    hs.status = "Degraded"
    hs.message = condition.message or ""
    return hs
  end
  if condition.type == "RolloutProgressing" and condition.status == "True" then
    hs.status = "Progressing"
    hs.message = condition.message or ""
  end
  if condition.type == "ResourcesUpToDate" and condition.status == "True" and hs.message == "" then
    hs.message = condition.message or ""
  end
end
return hs
