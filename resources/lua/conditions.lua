-- Generic health for custom resources that report a Ready condition (kstatus style).
-- Healthy when Ready is True, Degraded when Ready is False or Stalled is True, Progressing
-- while the controller has not caught up with the latest generation or reports nothing yet.
local hs = {}
hs.status = "Progressing"
hs.message = "Waiting for the Ready condition"
if obj.status == nil or obj.status.conditions == nil then
  return hs
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.message = "Waiting for the controller to observe generation " .. generation
  return hs
end

for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Stalled" and condition.status == "True" then
    hs.status = "Degraded"
    hs.message = condition.message or "Stalled"
    return hs
  end
  if condition.type == "Ready" then
    if condition.status == "True" then
      hs.status = "Healthy"
    elseif condition.status == "False" then
      hs.status = "Degraded"
    end
    hs.message = condition.message or ""
  end
end
return hs
