/**
 * Services: definitions of components on hosts with their scripts, order and readiness, checked by
 * {@link io.almanac.ops.server.service.ServiceValidator}, and turned by {@link
 * io.almanac.ops.server.service.ServicePlanner} into ordinary requests of service tasks.
 */
package io.almanac.ops.server.service;
