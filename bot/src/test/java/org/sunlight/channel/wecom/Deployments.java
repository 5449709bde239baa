package org.sunlight.channel.wecom;

/** Deployment files for the WeChat tests. */
final class Deployments {

    private Deployments() {
    }

    /**
     * One town, {@code communities} communities with a group robot each ({@code env:SUNLIGHT_ROBOT_KEY_Cn}),
     * and {@code complexes} complexes spread over them.
     */
    static String withRobots(int communities, int complexes) {
        StringBuilder yaml = new StringBuilder("""
                towns:
                  - code: qingshan
                    name: 青山镇
                    channels:
                      - {purpose: town, channel: wecom-robot, target: "env:SUNLIGHT_ROBOT_KEY_TOWN"}
                    communities:
                """);
        for (int community = 0; community < communities; community++) {
            yaml.append("      - code: c").append(community).append('\n')
                    .append("        name: 社区").append(community).append('\n')
                    .append("        channels:\n")
                    .append("          - {purpose: community, channel: wecom-robot, target: \"env:SUNLIGHT_ROBOT_KEY_C")
                    .append(community).append("\"}\n")
                    .append("        complexes:\n");
            for (int complex = community; complex < complexes; complex += communities) {
                yaml.append("          - {code: x").append(complex).append(", name: 小区").append(complex)
                        .append(", households: 100, fundFirstDeposit: \"100,000.00\"}\n");
            }
        }
        return yaml.toString();
    }
}
