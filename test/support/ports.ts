// A TCP port free right now, for servers a test starts.
export { freePort, isPortFree } from '../../launcher/ports';
