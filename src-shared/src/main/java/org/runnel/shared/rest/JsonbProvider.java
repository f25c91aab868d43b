package org.runnel.shared.rest;

import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import org.runnel.shared.json.Json;

/** Makes JAX-RS use Runnel's JSON mapping (snake_case) for every entity it reads or writes. */
@Provider
public class JsonbProvider implements ContextResolver<Jsonb> {

  @Override
  public Jsonb getContext(Class<?> type) {
    return Json.jsonb();
  }
}
