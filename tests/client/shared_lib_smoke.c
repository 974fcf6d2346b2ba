/* A plain C program against libsuture_client.so: the header compiles as C,
 * the library loads, and a handle can be made, asked for its status and
 * freed through the exported C API alone. argv[1]: a state folder. */
#include <stdio.h>
#include <string.h>

#include "suture/client/suture_client.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  suture_client_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.state_dir = argv[1];
  char msg[256];
  suture_client* c = NULL;
  suture_status s = suture_client_create(&cfg, &c, msg, sizeof(msg));
  if (s != SUTURE_OK) {
    fprintf(stderr, "create: %s: %s\n", suture_client_code_name(s), msg);
    return 1;
  }
  char json[4096];
  size_t needed = 0;
  s = suture_client_status(c, json, sizeof(json), &needed, msg, sizeof(msg));
  if (s != SUTURE_OK) {
    fprintf(stderr, "status: %s: %s\n", suture_client_code_name(s), msg);
    suture_client_destroy(c);
    return 1;
  }
  /* No server configured: the push stream is refused with a message. */
  char end[32];
  s = suture_client_listen_push(c, 1, NULL, NULL, end, sizeof(end), NULL, msg, sizeof(msg));
  if (s != SUTURE_E_INVALID_ARGUMENT) {
    fprintf(stderr, "listen_push without a callback: %d\n", (int)s);
    suture_client_destroy(c);
    return 1;
  }
  printf("%s\n", json);
  suture_client_destroy(c);
  return 0;
}
