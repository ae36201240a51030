/**
 * The longest message (JSON text) a page or worker may send the host. Tags are at most 10240 characters;
 * anything near a megabyte is not a shim message. The transports refuse to send longer ones, so the shim
 * can fail the call instead of waiting for a reply that never comes; the host drops any that arrive.
 */
export const MAX_SHIM_MESSAGE_LENGTH = 256 * 1024;
