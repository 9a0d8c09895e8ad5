/** Records of the AMS wire format and of the domain, and the JSON codec. */
package io.almanac.model;
