import { clientListeners, controllerNames, parseListeners, type ListenerAddress } from '../security/listeners.js';

export { parseListeners, type ListenerAddress };

/** The first client listener of `listeners=` (controller listeners left out): the --host/--port one. */
export function clientListener(config: Readonly<Record<string, string>>): ListenerAddress | undefined {
  return clientListeners(config)[0];
}

/** The `advertised.listeners` entry of that first listener. */
export function advertisedListener(config: Readonly<Record<string, string>>): ListenerAddress | undefined {
  const advertised = config['advertised.listeners'];
  if (advertised === undefined) return undefined;
  const controllers = controllerNames(config);
  const first = clientListener(config);
  const entries = parseListeners(advertised, 'advertised.listeners').filter((l) => !controllers.has(l.name));
  return (first === undefined ? undefined : entries.find((l) => l.name === first.name)) ?? entries[0];
}
